export {
  createAttribution,
  type Attribution,
  type AttributionMethod,
  type AttributionOptions,
  type AttributionRecord,
  type ConsentState,
} from './attribution.js';
