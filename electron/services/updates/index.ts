/** Offline updates: signed manifests, staging and settings (plain Node; the Electron part is shell/updater.ts). */
export * from './updateSignature';
export * from './updateManifest';
export * from './updateSettings';
export * from './stageUpdate';
export * from './stagedFeedServer';
