/** The page's TV bound lives in the library (src/stats/tv-bound.ts), where the stationary experiment uses it too. */
export { TV_ALPHA, type TvBound, tvBound } from '../src/stats/tv-bound.js';
