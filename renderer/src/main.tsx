// Picks the entry by the hash: the citizen's phone pages (#/track/<token>, #/c/<token>) load
// only their own small chunk; every other role loads the staff app (antd, i18next, …).
const root = document.getElementById('root')!;
if (/^#\/(track|c)(\/|$)/.test(location.hash)) void import('./roles/track/mount').then((m) => m.mountPhone(root));
else void import('./mountApp').then((m) => m.mountApp(root));
