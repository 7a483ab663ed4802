export { MockProvider, type MockSettings } from './mock-provider.js';
