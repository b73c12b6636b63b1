export {
  createPartnerClient,
  type ClickRange,
  type PageOptions,
  type PartnerCallOptions,
  type PartnerClient,
  type PartnerClientOptions,
} from './partner-client.js';
