/**
 * The Bedside contract: every channel and event, declared once. The renderer imports only
 * its types; the main process and the browser host validate every message against it.
 */
import { appChannels } from './channels/app';
import { authChannels } from './channels/auth';
import { cdsChannels } from './channels/cds';
import { imagingChannels } from './channels/imaging';
import { inferenceChannels } from './channels/inference';
import { modelsChannels } from './channels/models';
import { pacsChannels } from './channels/pacs';
import { recordsChannels } from './channels/records';
import type { ClientOf } from './define';

export const contract = {
  app: appChannels,
  auth: authChannels,
  models: modelsChannels,
  inference: inferenceChannels,
  imaging: imagingChannels,
  pacs: pacsChannels,
  records: recordsChannels,
  cds: cdsChannels,
};
export type BedsideContract = typeof contract;
/** The typed client the preload and the WebSocket transport both provide. */
export type BedsideApi = ClientOf<BedsideContract>;

export { events } from './events';
export type { BedsideEvents, BedsideEventName, JobProgress } from './events';
export type { Result, ContractError, ChannelName, ClientOf, ContractShape, ChannelSpec } from './define';
