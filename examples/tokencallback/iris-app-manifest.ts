// The Iris App whose token callback this example serves. appscopes/ holds
// the Go that irislint generates from it (go generate ./...).
import { IrisAppManifest } from "@trackunit/iris-app-api";

const irisAppManifest: IrisAppManifest = {
  // Trackunit's INSTALLED message names the app by this id (irisAppId).
  moduleFederationName: "@acme/fleet-insights",
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
