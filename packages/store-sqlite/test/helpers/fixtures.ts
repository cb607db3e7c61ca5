// The same record builders as core's store tests.
export { change, checkState, incident, T0 } from '../../../core/test/store/fixtures.js';
