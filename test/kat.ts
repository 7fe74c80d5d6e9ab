/** Random123 known-answer vectors for Philox4x32-10 (tests/kat_vectors), shared by Node and browser tests. */
export const PHILOX4X32_10_KAT: { ctr: number[]; key: number[]; out: number[] }[] = [
  { ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

/** Random123 known-answer vectors for Threefry-4x32-20 and -13 (tests/kat_vectors). */
export const THREEFRY4X32_KAT: { rounds: number; ctr: number[]; key: number[]; out: number[] }[] = [
  { rounds: 20, ctr: [0, 0, 0, 0], key: [0, 0, 0, 0], out: [0x9c6ca96a, 0xe17eae66, 0xfc10ecd4, 0x5256a7d8] },
  {
    rounds: 20,
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    out: [0x2a881696, 0x57012287, 0xf6c7446e, 0xa16a6732],
  },
  {
    rounds: 20,
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89],
    out: [0x59cd1dbb, 0xb8879579, 0x86b5d00c, 0xac8b6d84],
  },
  { rounds: 13, ctr: [0, 0, 0, 0], key: [0, 0, 0, 0], out: [0x531c7e4f, 0x39491ee5, 0x2c855a92, 0x3d6abf9a] },
  {
    rounds: 13,
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89],
    out: [0x4aa71d8f, 0x734738c2, 0x431fc6a8, 0xae6debf1],
  },
];
