export { meshDefaultChecks, type JsonRulesCheckConfig } from './defaultChecks';
