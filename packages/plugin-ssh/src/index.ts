export { ssh } from './plugin.js';
