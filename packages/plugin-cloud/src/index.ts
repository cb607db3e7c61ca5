export type { CloudAssetConfig, CloudOptions, CloudSettings } from './options.js';
export { cloud } from './plugin.js';
export type { CloudHttpParams, CloudHttpParamsInput } from './probes/http.js';
export type { CloudTlsParams, CloudTlsParamsInput } from './probes/tls.js';
export { HttpError } from './transport/errors.js';
export type { HttpTransport, HttpTransportOptions, TransportRequest } from './transport/http-transport.js';
export { createHttpTransport } from './transport/http-transport.js';
export type { HttpRequest, HttpResponse, HttpTimings } from './transport/request.js';
export type { RetryEvent, RetryOptions } from './transport/retry.js';
