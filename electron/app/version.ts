/** The app's name and version, from package.json at build time. */
import pkg from '../../package.json';

export const APP_NAME: string = pkg.productName;
export const APP_VERSION: string = pkg.version;
