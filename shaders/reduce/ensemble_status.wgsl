// Per-tile tallies of particle status and first-passage steps of a chunk:
//   out[8 t + 0..3] = (finite count, non-finite count, min first non-finite step, max first non-finite step),
//   out[8 t + 4..7] = (exited count, sum of exit steps: low word, high word, max exit step) when FIRST_PASSAGE.
// Status s > 0 means the particle became non-finite at step s; passage 0xFFFFFFFF means it never left.
// Exit steps are also binned into PASSAGE_BINS bins of `bin_width` steps (bin (s - 1) / bin_width): integer
// counts, independent of scheduling.

struct StatusParams {
  count: u32,
  bin_width: u32,
}

@group(0) @binding(0) var<uniform> params: StatusParams;
@group(0) @binding(2) var<storage, read> status: array<u32>;
@group(0) @binding(3) var<storage, read_write> out_tally: array<u32>;
#if FIRST_PASSAGE
@group(0) @binding(4) var<storage, read> passage: array<u32>;
@group(0) @binding(5) var<storage, read_write> passage_hist: array<atomic<u32>>;
#endif

override WG_SIZE: u32 = 256u;
override ITEMS: u32 = 16u;
override PASSAGE_BINS: u32 = 64u;

var<workgroup> wg_a: array<vec4u, WG_SIZE>;
var<workgroup> wg_b: array<vec4u, WG_SIZE>;

// (lo, hi) 64-bit addition.
fn add64(a: vec2u, b: vec2u) -> vec2u {
  let lo = a.x + b.x;
  return vec2u(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}

@compute @workgroup_size(WG_SIZE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let tile = wid.x;
  let base = tile * WG_SIZE * ITEMS;
  var a = vec4u(0u, 0u, 0xFFFFFFFFu, 0u);
  var b = vec4u(0u);
  for (var k = 0u; k < ITEMS; k++) {
    let i = base + k * WG_SIZE + lid;
    if (i < params.count) {
      let s = status[i];
      if (s == 0u) {
        a.x += 1u;
      } else {
        a = vec4u(a.x, a.y + 1u, min(a.z, s), max(a.w, s));
      }
#if FIRST_PASSAGE
      let e = passage[i];
      if (e != 0xFFFFFFFFu) {
        let sum = add64(b.yz, vec2u(e, 0u));
        b = vec4u(b.x + 1u, sum, max(b.w, e));
        atomicAdd(&passage_hist[min((e - 1u) / params.bin_width, PASSAGE_BINS - 1u)], 1u);
      }
#endif
    }
  }
  wg_a[lid] = a;
  wg_b[lid] = b;
  workgroupBarrier();
  for (var stride = WG_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      let x = wg_a[lid];
      let y = wg_a[lid + stride];
      wg_a[lid] = vec4u(x.x + y.x, x.y + y.y, min(x.z, y.z), max(x.w, y.w));
      let u = wg_b[lid];
      let v = wg_b[lid + stride];
      wg_b[lid] = vec4u(u.x + v.x, add64(u.yz, v.yz), max(u.w, v.w));
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let r = wg_a[0];
    let q = wg_b[0];
    out_tally[8u * tile] = r.x;
    out_tally[8u * tile + 1u] = r.y;
    out_tally[8u * tile + 2u] = r.z;
    out_tally[8u * tile + 3u] = r.w;
    out_tally[8u * tile + 4u] = q.x;
    out_tally[8u * tile + 5u] = q.y;
    out_tally[8u * tile + 6u] = q.z;
    out_tally[8u * tile + 7u] = q.w;
  }
}
