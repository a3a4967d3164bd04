// The manifest behind scopes_gen.go, which generator's Example imports.
// generator_test.TestExampleAppUpToDate (by hand) and cmd/irislint's
// TestGenExampleAppCheck (through the real loader) keep the two in sync.
import { IrisAppManifest } from "@trackunit/iris-app-api";

const irisAppManifest: IrisAppManifest = {
  moduleFederationName: "fleet-insights",
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "account.alert.view", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: true },
  ],
  tokenCallback: { url: "https://fleet-insights.example.com/trackunit/installed" },
  cspHeader: {
    "connect-src": ["https://api.fleet-insights.example.com"],
  },
};

export default irisAppManifest;
