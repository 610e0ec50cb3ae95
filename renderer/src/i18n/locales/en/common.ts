import type zh from '../zh-CN/common';

const common: typeof zh = {
  appName: 'Hall Counter',
  roles: { counter: 'Counter', pad: 'Rate our service', kiosk: 'Take a ticket', display: 'Call display', manager: 'Hall manager' },
  extended: { title: 'Extended hours today: {{what}}', lunch: 'open through lunch {{from}}–{{to}}', until: 'open until {{until}}', sep: ', ' },
  language: '中文',
  online: 'Online',
  offline: 'Offline',
  retry: 'Retry',
  cancel: 'Cancel',
  confirm: 'OK',
  loading: 'Loading…',
  error: 'Something went wrong',
  connectionLost: 'Lost the connection to the local service, reconnecting…',
};
export default common;
