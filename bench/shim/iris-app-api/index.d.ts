// Types of the bench stand-in for @trackunit/iris-app-api, written for
// irislint's benchmark from Trackunit's public manifest documentation. Only
// what the example workspace uses; looser than the real SDK where unsure.

export declare enum ScopeType {
  ACCOUNT = 'ACCOUNT',
  ACCOUNT_WRITE_GLOBAL_READ = 'ACCOUNT_WRITE_GLOBAL_READ',
  GLOBAL = 'GLOBAL',
}

export type InstallationPolicy =
  | 'PERMANENT'
  | 'PREINSTALLED'
  | 'ON_DEMAND'
  | 'PREINSTALLED_REQUIRES_APPROVAL'
  | 'ON_DEMAND_REQUIRES_APPROVAL';

export type PricingPlan = 'ALL_PLANS' | 'EXPLORE' | 'EVOLVE' | 'EXPAND' | 'LINK' | 'LIFT' | 'LEAP';

export interface ScopeEntry {
  scope: string;
  optional: boolean;
}

export interface MenuItem {
  name: string;
  icon?: string;
  description?: string;
}

interface ExtensionBase<T extends string> {
  id: string;
  type: T;
  sourceRoot?: string;
  main?: string;
}

export interface FleetExtensionManifest extends ExtensionBase<'FLEET_EXTENSION'> {
  menuItem: MenuItem;
}
export interface AssetHomeExtensionManifest extends ExtensionBase<'ASSET_HOME_EXTENSION'> {
  menuItem: MenuItem;
}
export interface SiteHomeExtensionManifest extends ExtensionBase<'SITE_HOME_EXTENSION'> {
  menuItem: MenuItem;
}
export interface ReportExtensionManifest extends ExtensionBase<'REPORT_EXTENSION'> {
  menuItem?: MenuItem;
}
export interface IrisAppSettingsExtensionManifest extends ExtensionBase<'IRIS_APP_SETTINGS_EXTENSION'> {}
export interface WidgetExtensionManifest extends ExtensionBase<'WIDGET_EXTENSION'> {
  header: { name: string; icon?: string };
}

export type ExtensionManifest =
  | FleetExtensionManifest
  | AssetHomeExtensionManifest
  | SiteHomeExtensionManifest
  | ReportExtensionManifest
  | IrisAppSettingsExtensionManifest
  | WidgetExtensionManifest;

export interface CustomFieldDefinition {
  key: string;
  entityType: 'ASSET' | 'ACCOUNT' | 'GROUP' | 'SITE';
  type: 'BOOLEAN' | 'DATE' | 'DROPDOWN' | 'EMAIL' | 'MONETARY' | 'NUMBER' | 'PHONE_NUMBER' | 'STRING' | 'WEB_ADDRESS';
  scopeType: ScopeType | keyof typeof ScopeType;
  translations: { language: string; title: string; description?: string }[];
  uiEditable?: boolean;
  uiVisible?: boolean;
}

export interface IrisAppManifest {
  specVersion: '1.1';
  moduleFederationName: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  validDomains?: string[];
  cspHeader?: Partial<Record<string, string[]>>;
  permissionsPolicy?: Record<string, string[]>;
  installation?: {
    pricingPlanPolicy?: Partial<Record<PricingPlan, InstallationPolicy>>;
  };
  marketplace?: {
    showInMarketplace?: boolean;
    name: string;
    description: string;
    fullDescriptionPath?: string;
    logoPath?: string;
    tags?: string[];
    categories?: string[];
  };
  extensions: ExtensionManifest[];
  customFieldDefinitions?: CustomFieldDefinition[];
  scopes?: ScopeEntry[];
  tokenCallback?: { url: string };
}
