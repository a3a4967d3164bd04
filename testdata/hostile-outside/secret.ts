// Lives outside testdata/hostile's workspace: no hostile manifest may read it.
export default { scopes: [{ scope: 'SECRET-MARKER-7f3a', optional: false }] };
