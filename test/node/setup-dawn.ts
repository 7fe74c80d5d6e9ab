/** Every Node test file gets Dawn as createGpuContext's adapter finder, as the library's Node entry does. */
import '../../src/gpu/node-gpu.js';
