// Demo 一件事 packages (一件事一次办), after the State Council's 2025 list: each names items of the
// demo catalogue (server/seed/catalogue.ts) in order; optional items hang on a yes/no question.
import type { ServicePackageInput } from '../../domain/catalogue/packages';

export const demoPackages: ServicePackageInput[] = [
  {
    code: 'YJS-XSECS',
    name: '新生儿出生一件事',
    leadDepartment: '市卫生健康委员会',
    description: '出生医学证明、出生登记（落户）、城乡居民医保参保、社会保障卡申领一次办',
    questions: [
      { id: 'medical', text: '是否办理新生儿城乡居民医保参保？', defaultAnswer: true },
      { id: 'card', text: '是否需要办理社保卡？', defaultAnswer: true },
    ],
    items: [
      { itemCode: '000105001000' },
      { itemCode: '000105002000' },
      { itemCode: '000105003000', when: { question: 'medical', answer: true } },
      { itemCode: '000102001000', when: { question: 'card', answer: true } },
    ],
  },
  {
    code: 'YJS-KBCYD',
    name: '开办餐饮店一件事',
    leadDepartment: '市市场监督管理局',
    description: '个体工商户注册登记、食品经营许可一次办',
    questions: [],
    items: [{ itemCode: '000104002000' }, { itemCode: '000104003000' }],
  },
  {
    code: 'YJS-ESFJY',
    name: '二手房交易一件事',
    leadDepartment: '市自然资源和规划局',
    description: '不动产转移登记与水、电、气过户一次办',
    questions: [
      { id: 'water', text: '是否同时办理供水过户？', defaultAnswer: true },
      { id: 'power', text: '是否同时办理供电过户？', defaultAnswer: true },
      { id: 'gas', text: '是否同时办理燃气过户？', defaultAnswer: true },
    ],
    items: [
      { itemCode: '000103002000' },
      { itemCode: '000106001000', when: { question: 'water', answer: true } },
      { itemCode: '000106002000', when: { question: 'power', answer: true } },
      { itemCode: '000106003000', when: { question: 'gas', answer: true } },
    ],
  },
];
