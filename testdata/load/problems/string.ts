export default "asset.view";
