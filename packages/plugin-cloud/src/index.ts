export { cloud } from './plugin.js';
