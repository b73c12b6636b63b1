export {
  answeredOffer,
  createOfferCheck,
  failedOffer,
  NO_OFFER,
  offerCodeValidationShape,
  type OfferCheck,
  type OfferCheckOptions,
  type OfferState,
} from './offer-check.js';
