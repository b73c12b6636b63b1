export {
  createPartnerClient,
  type ClickRange,
  type PartnerCallOptions,
  type PartnerClient,
  type PartnerClientOptions,
} from './partner-client.js';
