const prefix = 'account.service-management';
const names = ['network.view', 'service-plan.view'];
const shared = { scope: 'asset.view', optional: false };

export default {
  scopes: [
    shared,
    ...names.map((n) => ({ scope: `${prefix}.${n}`, optional: true })),
    { scope: 'asset.view', optional: false },
  ],
  tokenCallback: { url: 'https://' + 'example.com/install' },
};
