// Strings of the city console (zh-CN). Keys are shared with ../en/city.ts.
export default {
  title: '市级政务服务监管平台',
  logout: '退出',
  login: { title: '市级监管平台 · 登录', workNo: '工号', password: '密码', submit: '登录', workNoRequired: '请输入工号', passwordRequired: '请输入密码' },
  tabs: { halls: '大厅状态', kpis: '指标与排名', supervision: '电子监察', catalogue: '事项目录' },
  halls: {
    code: '机构代码', name: '大厅', status: '状态', lastUplink: '最近上报', backlog: '待上报积压', skew: '时钟偏差', accepted: '已接收', rejected: '被拒收',
    catalogue: '目录版本', drill: '查看指标', notEnrolled: '未登记', never: '尚未上报', stale: '超过5分钟未上报', catchingUp: '补报中', online: '在线',
    skewSec: '{{s}} 秒', rejectionsOf: '{{hall}} · 被拒收记录', kind: '类型', message: '原因', at: '时间',
  },
  kpi: {
    from: '开始日期', to: '结束日期', wholeCity: '全市', refresh: '刷新', exportXlsx: '导出 Excel', ranking: '大厅排名', rank: '名次',
    cases: '办件量', completed: '办结量', onTimeRate: '按期办结率', ratings: '评价数', goodRate: '好评率', badCount: '差评数', followUpOnTimeRate: '差评整改按期率',
    tickets: '取号量', avgWaitMinutes: '平均等候(分)', p90WaitMinutes: '等候P90(分)', noShowRate: '过号率',
  },
  sup: {
    overdue: '已超期', dueSoon: '即将到期', none: '暂无', mark: '标记', overdueDays: '超期 {{n}} 个工作日', dueToday: '今日到期', daysLeft: '剩 {{n}} 个工作日',
    caseNo: '办件编号', item: '事项', department: '部门', applicant: '申请人', acceptedOn: '受理日期', dueDate: '承诺办结日期',
    followUps: '差评整改超期', noFollowUps: '暂无超期的差评整改', openedOn: '差评日期', status: '状态',
    fu: { open: '整改中', appealed: '申诉复核中', closed: '已办结', invalidated: '已撤销' },
  },
  cat: {
    version: '当前第 {{v}} 版', publishedAt: '发布于 {{at}}', add: '新增事项', publish: '发布新版本', discard: '放弃修改', published: '已发布第 {{v}} 版，各大厅将在下次上报时获取',
    code: '基本编码', name: '事项名称', category: '取号类别', department: '实施部门', promisedDays: '承诺时限(工作日)', legalDays: '法定时限',
    remove: '删除', removeConfirm: '从目录中删除该事项？', required: '必填', duplicate: '基本编码已存在', ok: '加入草稿',
  },
  uplink: {
    title: '市级中心', off: '未接入', enrolling: '登记中', pushing: '上报中', idle: '已同步', backoff: '连接中断，稍后重试', error: '登记失败',
    backlog: '积压 {{n}} 条', lastPush: '最近上报 {{at}}', catalogue: '目录 v{{v}}', rejected: '被拒 {{n}} 条',
  },
};
