// Heat map of a 2-D histogram read straight from its storage buffer (no readback): one full-screen triangle;
// each fragment looks up its cell (row-major from the lowest y, see reduce/histogram_pairs.wgsl) and colours the
// count c by t = sqrt(c / c_max) (c_max in slot cells + 1) through a viridis polynomial fit; empty cells are
// left at the background colour.

struct HeatView {
  bins_x: u32,
  bins_y: u32,
  cells: u32,
  pad: u32,
  background: vec4f,
}

@group(0) @binding(0) var<uniform> view: HeatView;
@group(0) @binding(1) var<storage, read> hist: array<u32>;

struct VertexOut {
  @builtin(position) position: vec4f,
  // (0, 0) at the bottom left of the plot area, (1, 1) at the top right.
  @location(0) uv: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) i: u32) -> VertexOut {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  var out: VertexOut;
  out.position = vec4f(2.0 * p - 1.0, 0.0, 1.0);
  out.uv = p;
  return out;
}

// Viridis (matplotlib), 6th-degree polynomial fit by Matt Zucker (Shadertoy WlfXRN).
fn viridis(t: f32) -> vec3f {
  let c0 = vec3f(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
  let c1 = vec3f(0.1050930431085774, 1.404613529898575, 1.384590162594685);
  let c2 = vec3f(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
  let c3 = vec3f(-4.634230498983486, -5.799100973351585, -19.33244095627987);
  let c4 = vec3f(6.228269936347081, 14.17993336680509, 56.69055260068105);
  let c5 = vec3f(4.776384997670288, -13.74514537774601, -65.35303263337234);
  let c6 = vec3f(-5.435455855934631, 4.645852612178535, 26.3124352495832);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

@fragment
fn fs(in: VertexOut) -> @location(0) vec4f {
  let bx = min(u32(max(in.uv.x, 0.0) * f32(view.bins_x)), view.bins_x - 1u);
  let by = min(u32(max(in.uv.y, 0.0) * f32(view.bins_y)), view.bins_y - 1u);
  let c = hist[by * view.bins_x + bx];
  if (c == 0u) {
    return view.background;
  }
  let t = sqrt(f32(c) / f32(max(hist[view.cells + 1u], 1u)));
  return vec4f(clamp(viridis(t), vec3f(0.0), vec3f(1.0)), 1.0);
}
