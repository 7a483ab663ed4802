import './theme.js';
import { QiaoApp } from './views/qiao-app.js';
import { QiaoKeys } from './views/qiao-keys.js';
import { QiaoLogin } from './views/qiao-login.js';
import { QiaoPlayground } from './views/qiao-playground.js';
import { QiaoProviders } from './views/qiao-providers.js';
import { QiaoUsage } from './views/qiao-usage.js';
import { WorkflowPanel } from './views/workflow-panel.js';

// Pages are registered before the shell, which creates them by tag name.
customElements.define('qiao-login', QiaoLogin);
customElements.define('qiao-playground', QiaoPlayground);
customElements.define('qiao-workflow-panel', WorkflowPanel);
customElements.define('qiao-providers', QiaoProviders);
customElements.define('qiao-keys', QiaoKeys);
customElements.define('qiao-usage', QiaoUsage);
customElements.define('qiao-app', QiaoApp);
