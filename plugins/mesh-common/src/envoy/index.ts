export {
  ENVOY_RESPONSE_FLAGS,
  GRPC_STATUS_NAMES,
  describeResponseFlags,
} from './responseFlags';
export type { ResponseFlagInfo } from './responseFlags';
