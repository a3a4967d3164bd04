// The hosts the app calls through Trackunit's proxy.
export const apiHosts = ['https://api.example.com', 'https://telemetry.example.com'];
