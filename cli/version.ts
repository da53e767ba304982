export { TOOL } from '../api/version.js';
