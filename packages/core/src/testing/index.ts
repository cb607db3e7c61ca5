export type { CaptureLogger, LogRecord } from './capture-logger.js';
export { createCaptureLogger } from './capture-logger.js';
export type { ConformanceFinding, ConformanceOptions } from './conformance.js';
export { assertPluginConformance, checkPluginConformance } from './conformance.js';
export type { ManualClock } from './manual-clock.js';
export { createManualClock, MANUAL_CLOCK_START } from './manual-clock.js';
export type { TestWarden, TestWardenOptions } from './test-warden.js';
export { createTestWarden } from './test-warden.js';
