export { SETTINGS, checkSetting, describeBounds, isValidSetting, type SettingName, type SettingSpec } from './settings.js';
