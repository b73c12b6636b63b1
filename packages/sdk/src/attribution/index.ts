export {
  createAttribution,
  type AttributionTracker,
  type AttributionOptions,
  type AttributionRecord,
  type ConsentState,
} from './attribution.js';
