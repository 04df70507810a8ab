export {
  PostureNotifier,
  type PostureNotificationSettings,
} from './PostureNotifier';
export { entityPosture, type EntityPosture } from './entityPosture';
export { readNotificationSettings } from './readNotificationSettings';
