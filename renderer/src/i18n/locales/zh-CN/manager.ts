// Strings of the manager role (zh-CN). Keys are shared with ../en/manager.ts.
export default {
  title: '大厅管理',
  live: '实时',
  reconnecting: '连接中断，重连中…',
  logout: '退出',
  login: { title: '大厅管理 · 登录', workNo: '工号', password: '密码', submit: '登录', workNoRequired: '请输入工号', passwordRequired: '请输入密码', notManager: '该账号不是大厅管理员' },
  tabs: { board: '实时看板', assign: '窗口业务调度', rules: '排序规则', stats: '统计分析', cases: '办件时限', follow: '差评整改', admin: '基础数据' },
  status: { open: '空闲', serving: '服务中', paused: '暂停', closed: '关闭' },
  priority: { normal: '普通', elderly: '老年人', disabled: '残疾人', pregnant: '孕妇', vip: '优先', appointment: '预约' },
  board: {
    suspended: '挂起 {{number}} {{reason}}',
    suspendedAt: '{{time}} 挂起',
    waiting: '等候总数', longestWait: '最长等候', openMore: '有群众已等候超过 30 分钟，请考虑增开窗口或调度业务', noClerk: '无人值守', called: '已叫号', serving: '办理中',
    weight: '权重 {{w}}', syncTitle: '柜台数据同步', syncEmpty: '暂无柜台推送记录', device: '设备', lastPush: '最后推送', accepted: '已接收', rejected: '被拒收', clock: '时钟',
    skewed: '偏差 {{s}} 秒', clockOk: '正常', deviceHealth: '设备状态', dev: { idReader: '读卡器', printer: '打印机', evaluator: '评价器', led: '窗口屏' }, devState: { ok: '正常', offline: '离线', error: '故障', absent: '未配置' }, notReported: '未上报', notReportedTip: '超过 2 分钟未收到该窗口柜台的设备状态', syncOf: '同步', syncOk: '同步正常', syncRejected: '{{n}} 条被拒收',
  },
  actions: {
    open: '开启窗口', pause: '暂停服务', resume: '恢复服务', close: '关闭窗口', takeover: 'AB角接替', pauseTitle: '{{no}} 号窗口暂停服务', pauseReason: '暂停原因（如：临时离岗、系统维护）',
    takeoverTitle: '{{no}} 号窗口 AB角接替', takeoverWorkNo: 'B角工号',
  },
  assign: { hint: '把业务类别拖到窗口上即可分配（从一个窗口拖到另一个窗口即为调走），数字为权重：', waiting: '等 {{n}}', window: '号窗口', empty: '未分配业务（拖入类别）', weight: '权重', remove: '移除' },
  rules: {
    title: '排序规则（当前第 {{v}} 版）', ratio: '优先 : 普通 比例', urgentAfter: '超时优先（等候超过）', minutes: '分钟', seconds: '秒', elderlyAge: '绿色通道年龄', recallLimit: '重呼次数上限',
    recallCooldown: '重呼间隔', appointmentEarly: '预约提前可叫', classWeight: '{{c}} 加权', save: '保存为新版本', reset: '撤销修改', saved: '已保存第 {{v}} 版，下一次叫号起生效',
    previewFor: '预览窗口', draftNext: '按草稿规则下一位', serverNext: '按现行规则（第 {{v}} 版）下一位', none: '无人等候', approx: '草稿预览按取号时间排序、比例周期从头计，仅供参考；保存后以右侧服务器解释为准。',
    ticket: '号票', category: '类别', priority: '类型', waited: '已等(分)', score: '得分',
  },
  stats: {
    from: '开始日期', to: '结束日期', refresh: '刷新', exportCsv: '导出 CSV', exportXlsx: '导出 Excel', by: { hour: '按时段', category: '按业务', window: '按窗口', clerk: '按人员' },
    cases: '办件量', onTime: '按期办结率', goodRate: '好评率', badCount: '差评数', issued: '取号', served: '办结', noShow: '过号', noShowRate: '过号率', waitMean: '平均等候(分)',
    waitP90: '等候P90(分)', serviceMean: '平均办理(分)', above: '超服务水平占比', minutes: '分钟', volume: '取号与办结', times: '等候与办理时长', ratingMix: '评价构成', noRatings: '暂无评价',
  },
  cases: {
    overdue: '已超期', dueSoon: '即将到期', open: '全部在办', empty: '没有符合条件的办件', caseNo: '办件编号', item: '事项', applicant: '申请人', window: '窗口', status: '状态', due: '承诺办结日',
    deadline: '时限', overdueDays: '超期 {{n}} 个工作日', daysLeft: '剩 {{n}} 个工作日', state: { stopped: '计时暂停', completed: '已办结', notAccepted: '未受理', closed: '已结束', dueToday: '今日到期' },
  },
  follow: {
    closure: '差评整改率', realName: '实名差评已办结', onTime: '按期办结', invalidated: '申诉撤销', all: '全部', empty: '暂无差评', rated: '评价时间', level: '评价', clerk: '被评人员', reasons: '原因',
    doneOn: '{{d}} 完成', dueOn: '{{d}} 前', late: '超期{{n}}天', status: '状态', record: '登记{{stage}}', appeal: '申诉', review: '复核', submit: '提交', reached: '已联系到评价人',
    upheld: '维持差评', overturned: '撤销差评', appealReason: '申诉理由（如误评、恶意评价，附说明）', notePlaceholder: '处理情况说明',
    configTitle: '处理期限（工作日）', workingDays: '工作日', fromOpened: '均从差评登记日起算', fromPrevious: '从上一环节完成日起算', saveConfig: '保存期限', configNote: '期限按法定工作日计算（含调休），对之后新产生的差评生效。',
  },
  admin: {
    tabs: { staff: '工作人员', categories: '业务类别', windows: '窗口', hall: '大厅' },
    actions: '操作', edit: '编辑', save: '保存', cancel: '取消', saved: '已保存', yes: '是', no: '否', minutes: '分钟',
    staff: {
      add: '新增工作人员', edit: '编辑工作人员 {{w}}', hint: '新增、修改或停用账号；停用后其登录立即失效。列表不含任何密码信息。', created: '已新增工作人员 {{w}}，可用初始密码登录',
      workNo: '工号', name: '姓名', role: '角色', roles: { clerk: '窗口人员', manager: '大厅管理员' }, stars: '星级', homeWindow: '固定窗口', noWindow: '无固定窗口',
      backup: 'AB角（B角）', noBackup: '无', backupHint: '本人不在岗时可接替其窗口的同事，须为在岗人员', status: '状态', active: '在岗', inactive: '已停用',
      initialPassword: '初始密码（至少 8 位，含字母和数字）', newPassword: '新密码（至少 8 位，含字母和数字）', resetPassword: '重置密码', resetTitle: '重置 {{w}} 的密码', resetHint: '重置后该人员的所有登录立即失效，需用新密码重新登录',
      resetDone: '已重置 {{w}} 的密码', deactivate: '停用', activate: '启用', deactivateConfirm: '停用 {{w}}？其登录立即失效，且离开所坐窗口。', deactivated: '已停用 {{w}}',
      notSelf: '不能停用或降级自己的账号',
    },
    categories: {
      add: '新增业务类别', edit: '编辑业务类别 {{c}}', created: '已新增业务类别 {{c}}', code: '类别代码', codeHint: '1–4 位大写字母或数字，创建后不可修改', name: '类别名称', prefix: '号票前缀',
      dailyReset: '每日重置号码', dailyResetHint: '关闭后号码跨日连续，到号段末尾再从头开始', range: '号段', rangeStart: '号段起始号', rangeEnd: '号段结束号', width: '号码位数',
      sample: '号码示例：{{n}}', serviceLevel: '服务水平（等候上限）', avgService: '平均办理时长', sort: '排序', windows: '受理窗口', retired: '已停用（无窗口受理）',
      retireHint: '业务类别不能删除：在「窗口业务调度」中把它从所有窗口移除即停用。新前缀从下一张号票起生效。',
    },
    windows: {
      add: '新增窗口', edit: '编辑 {{no}} 号窗口', created: '已新增 {{no}} 号窗口', no: '窗口号', name: '窗口名称', status: '状态', categories: '受理业务（权重）', none: '未分配业务',
      hint: '新窗口为关闭状态，请到「窗口业务调度」为其分配业务类别。',
    },
    hall: {
      name: '大厅名称', nameHint: '显示在叫号大屏、取号机和号票上', notice: '大屏公告', noticeHint: '在叫号大屏底部滚动显示；留空即撤下公告',
      hint: '保存后叫号大屏、取号机立即更新。', saved: '已保存大厅名称和公告',
    },
  },
  devices: {
    tab: '设备', title: '已注册设备', hint: '设备用一次性注册码换取自己的令牌。吊销后其令牌立即失效、已打开的连接被断开，须用新注册码重新注册。',
    name: '名称', kind: '类型', enrolledAt: '注册时间', lastSeen: '最近上报', lastSeenTip: '柜台最近一次上报设备状态的时间（其他设备不上报）', status: '状态', active: '在用', revoked: '已吊销',
    empty: '暂无注册设备', revoke: '吊销', cancel: '取消', revokeConfirm: '吊销设备「{{name}}」？其令牌立即失效，须用新注册码重新注册。', revokedDone: '已吊销「{{name}}」',
    kinds: { any: '任意类型', counter: '柜台', kiosk: '取号机', display: '叫号大屏', pad: '评价器' },
    code: {
      title: '生成一次性注册码', kind: '设备类型', ttl: '有效期', minutes: '分钟', create: '生成注册码', shown: '注册码（只显示这一次）', forKind: '类型：{{kind}}',
      expires: '有效期至 {{t}}', handOver: '请在设备的注册页面输入此码；用过一次即失效，过期未用也失效。', close: '我已记下',
    },
  },
};
