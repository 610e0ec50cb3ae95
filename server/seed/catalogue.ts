// Demo service items (事项): realistic names, codes, time limits and materials lists.
import type { ServiceItem } from '../../domain/api/hall';

const idCard = { name: '居民身份证', form: '原件', count: 1, mayBeWaived: false } as const;

export const demoCatalogue: ServiceItem[] = [
  {
    code: '000101001000', itemKind: '20', legalBasis: '《居住证暂行条例》', name: '居住证签注', category: 'A', department: '市公安局', caseType: '即办件', commitment: '马上办',
    promisedDays: 0, legalDays: 1, fee: '免费',
    materials: [{ name: '居住证', form: '原件', count: 1, mayBeWaived: false }, idCard],
  },
  {
    code: '000101002000', itemKind: '20', legalBasis: '《中华人民共和国老年人权益保障法》', name: '老年人优待证办理', category: 'A', department: '市民政局', caseType: '即办件', commitment: '就近办',
    promisedDays: 0, legalDays: 5, fee: '免费',
    materials: [idCard, { name: '近期一寸免冠照片', form: '原件', count: 2, mayBeWaived: true, note: '可现场拍照' }],
  },
  {
    code: '000102001000', itemKind: '20', legalBasis: '《中华人民共和国社会保险法》', name: '社会保障卡申领', category: 'B', department: '市人力资源和社会保障局', caseType: '承诺件', commitment: '一次办',
    promisedDays: 5, legalDays: 20, fee: '首次申领免费',
    materials: [idCard, { name: '近期一寸白底免冠照片', form: '电子件', count: 1, mayBeWaived: true, note: '可现场采集' }],
  },
  {
    code: '000102002000', itemKind: '20', legalBasis: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）', name: '城乡居民养老保险参保登记', category: 'B', department: '市人力资源和社会保障局', caseType: '即办件', commitment: '马上办',
    promisedDays: 0, legalDays: 5, fee: '免费',
    materials: [idCard, { name: '户口簿', form: '原件及复印件', count: 1, mayBeWaived: true }, { name: '城乡居民基本养老保险参保登记表', form: '原件', count: 1, mayBeWaived: false }],
  },
  {
    code: '000102003000', itemKind: '20', legalBasis: '《中华人民共和国社会保险法》', name: '基本医疗保险异地就医备案', category: 'B', department: '市医疗保障局', caseType: '即办件', commitment: '网上办',
    promisedDays: 0, legalDays: 3, fee: '免费',
    materials: [idCard, { name: '异地就医备案登记表', form: '原件', count: 1, mayBeWaived: false }, { name: '异地居住证明或工作证明', form: '原件', count: 1, mayBeWaived: true, note: '可承诺制备案' }],
  },
  {
    code: '000103001000', itemKind: '20', legalBasis: '《不动产登记暂行条例》第二十七条', name: '不动产登记资料查询', category: 'C', department: '市自然资源和规划局', caseType: '即办件', commitment: '马上办',
    promisedDays: 0, legalDays: 1, fee: '免费',
    materials: [idCard, { name: '不动产登记资料查询申请书', form: '原件', count: 1, mayBeWaived: false }],
  },
  {
    code: '000103002000', itemKind: '07', legalBasis: '《不动产登记暂行条例》第十四条', name: '二手房转移登记', category: 'C', department: '市自然资源和规划局', caseType: '承诺件', commitment: '一次办',
    promisedDays: 3, legalDays: 30, fee: '登记费80元/件（住宅）；工本费每增加一本证书加收10元',
    materials: [
      { name: '不动产登记申请书', form: '原件', count: 1, mayBeWaived: false },
      { name: '买卖双方身份证明', form: '原件及复印件', count: 1, mayBeWaived: false },
      { name: '不动产权证书', form: '原件', count: 1, mayBeWaived: false },
      { name: '存量房买卖合同', form: '原件', count: 1, mayBeWaived: false },
      { name: '契税完税凭证', form: '原件', count: 1, mayBeWaived: true, note: '税务部门共享后可免交' },
      { name: '婚姻状况证明', form: '复印件', count: 1, mayBeWaived: true },
    ],
  },
  {
    code: '000103003000', itemKind: '07', legalBasis: '《不动产登记暂行条例》第十四条', name: '不动产抵押权首次登记', category: 'C', department: '市自然资源和规划局', caseType: '承诺件', commitment: '一次办',
    promisedDays: 2, legalDays: 30, fee: '登记费80元/件（住宅）',
    materials: [
      { name: '不动产登记申请书', form: '原件', count: 1, mayBeWaived: false },
      { name: '申请人身份证明', form: '原件及复印件', count: 1, mayBeWaived: false },
      { name: '不动产权证书', form: '原件', count: 1, mayBeWaived: false },
      { name: '主债权合同及抵押合同', form: '原件', count: 1, mayBeWaived: false },
    ],
  },
  {
    code: '000104001000', itemKind: '01', legalBasis: '《中华人民共和国市场主体登记管理条例》', name: '企业设立登记', category: 'D', department: '市市场监督管理局', caseType: '承诺件', commitment: '一次办',
    promisedDays: 1, legalDays: 3, fee: '免费',
    materials: [
      { name: '公司登记（备案）申请书', form: '原件', count: 1, mayBeWaived: false },
      { name: '公司章程', form: '原件', count: 1, mayBeWaived: false },
      { name: '股东主体资格证明', form: '复印件', count: 1, mayBeWaived: false },
      { name: '法定代表人、董事、监事和经理的任职文件', form: '原件', count: 1, mayBeWaived: false },
      { name: '住所使用证明', form: '复印件', count: 1, mayBeWaived: true, note: '可承诺后补' },
    ],
  },
  {
    code: '000104002000', itemKind: '01', legalBasis: '《促进个体工商户发展条例》《中华人民共和国市场主体登记管理条例》', name: '个体工商户注册登记', category: 'D', department: '市市场监督管理局', caseType: '即办件', commitment: '马上办',
    promisedDays: 0, legalDays: 15, fee: '免费',
    materials: [
      { name: '个体工商户注册登记申请书', form: '原件', count: 1, mayBeWaived: false },
      { name: '经营者身份证明', form: '原件及复印件', count: 1, mayBeWaived: false },
      { name: '经营场所使用证明', form: '复印件', count: 1, mayBeWaived: true },
    ],
  },
  {
    code: '000104003000', itemKind: '01', legalBasis: '《中华人民共和国食品安全法》第三十五条', name: '食品经营许可（仅销售预包装食品备案除外）', category: 'D', department: '市市场监督管理局', caseType: '承诺件', commitment: '网上办',
    promisedDays: 5, legalDays: 20, fee: '免费',
    materials: [
      { name: '食品经营许可申请书', form: '原件', count: 1, mayBeWaived: false },
      { name: '营业执照', form: '复印件', count: 1, mayBeWaived: false },
      { name: '经营场所平面图和设备布局图', form: '原件', count: 1, mayBeWaived: false },
      { name: '食品安全管理制度', form: '原件', count: 1, mayBeWaived: true },
    ],
  },
];
