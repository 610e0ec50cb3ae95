// In the case drawer: the 一件事 a case is (its sub-cases) or belongs to (the package and its
// siblings), each row opening that case.
import { Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { domainLabel } from '../../i18n/domainLabels';
import { useCounter } from './counterStore';
import type { CaseDetail } from '../../../../domain/contract/core';

export function PackageSection({ d }: { d: CaseDetail }) {
  const { openCase } = useCounter();
  const { t } = useTranslation('packages');
  const p = d.package;
  if (!p) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="drawer-package">
      {p.role === 'subCase' ? (
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('drawer.package')}：
          <Button type="link" size="small" onClick={() => openCase(p.caseId)} data-testid="drawer-package-link">
            {p.name}（{p.caseNo}）
          </Button>
          {p.statusLabel && <Tag>{p.statusLabel}</Tag>}
        </Typography.Paragraph>
      ) : (
        <Tag color="purple" data-testid="drawer-is-package">
          {t('drawer.isPackage')}
        </Tag>
      )}
      <Typography.Text strong>{t('drawer.subCases', { n: p.subCases.length })}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="caseId"
        dataSource={p.subCases}
        data-testid="drawer-subcases"
        rowClassName={(r) => (r.caseId === d.caseId ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('intake.subCases'), dataIndex: 'itemName' },
          { title: t('intake.caseNo'), dataIndex: 'caseNo' },
          { title: t('intake.due'), dataIndex: 'dueDate', render: (v: string | null) => v ?? '—' },
          { title: '', dataIndex: 'statusLabel', render: (v: string, r) => <Tag>{domainLabel('status', r.status, v)}</Tag> },
          {
            title: '',
            dataIndex: 'caseId',
            render: (id: string) =>
              id === d.caseId ? null : (
                <Button size="small" type="link" onClick={() => openCase(id)} data-testid={`drawer-open-${id}`}>
                  {t('drawer.open')}
                </Button>
              ),
          },
        ]}
      />
    </div>
  );
}
