export default {
  appName: '窗口通',
  roles: { counter: '窗口工作台', pad: '服务评价', kiosk: '自助取号', display: '叫号大屏', manager: '大厅管理' },
  extended: { title: '今日延时服务：{{what}}', lunch: '午间 {{from}}–{{to}} 照常办理', until: '延时至 {{until}}', sep: '，' },
  language: 'English',
  online: '在线',
  offline: '离线',
  retry: '重试',
  cancel: '取消',
  confirm: '确定',
  loading: '正在加载…',
  error: '出错了',
  connectionLost: '与本机服务的连接已断开，正在重新连接…',
};
