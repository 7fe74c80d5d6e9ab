// Flat invocation index for dispatches folded into a 2-D grid of workgroups (more than
// maxComputeWorkgroupsPerDimension workgroups along x). `wg_size` is the workgroup size along x.
fn flat_index(wid: vec3u, nwg: vec3u, lid: u32, wg_size: u32) -> u32 {
  return (wid.y * nwg.x + wid.x) * wg_size + lid;
}
