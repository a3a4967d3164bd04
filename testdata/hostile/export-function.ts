export default function manifest() {
  return { scopes: [] };
}
