// The city's 差评 reasons and holiday overrides in the catalogue draft (issue 14 downlink): halls
// keep them with the version, serve them to counters, pads and phones (GET /api/catalogue/reference)
// and count deadlines with the overrides. Each entry is checked with the domain's schema here and
// again by the central.
import { useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CityCatalogueBody } from '../../../../domain/api/uplink';
import { calendarOverrideSchema, type CalendarOverride } from '../../../../domain/calendar/calendar';
import { ratingReasonSchema, type RatingReasonEntry } from '../../../../domain/rating/reasons';

type Dimension = RatingReasonEntry['dimension'];

export function ReferenceEditor({ draft, onChange }: { draft: CityCatalogueBody; onChange: (d: CityCatalogueBody) => void }) {
  const { t } = useTranslation('city');
  const [reason, setReason] = useState<{ code: string; label: string; dimension: Dimension }>({ code: '', label: '', dimension: 'other' });
  const [day, setDay] = useState<{ date: string; working: boolean; note: string }>({ date: '', working: false, note: '' });
  const [error, setError] = useState<string | null>(null);

  const addReason = () => {
    if (!reason.code.trim() || !reason.label.trim()) return setError(t('ref.reasonRequired'));
    const p = ratingReasonSchema.safeParse({ ...reason, code: reason.code.trim(), label: reason.label.trim(), polarity: 'bad' });
    if (!p.success) return setError(p.error.issues.map((i) => i.message).join('；'));
    if (draft.badReasons.some((r) => r.code === p.data.code)) return setError(t('ref.reasonDuplicate'));
    onChange({ ...draft, badReasons: [...draft.badReasons, p.data] });
    setReason({ code: '', label: '', dimension: 'other' });
    setError(null);
  };
  const addDay = () => {
    if (!day.date.trim()) return setError(t('ref.dayRequired'));
    const p = calendarOverrideSchema.safeParse({ ...day, date: day.date.trim(), note: day.note.trim() });
    if (!p.success) return setError(p.error.issues.map((i) => i.message).join('；'));
    if (draft.holidayOverrides.some((o) => o.date === p.data.date)) return setError(t('ref.dayDuplicate'));
    onChange({ ...draft, holidayOverrides: [...draft.holidayOverrides, p.data].sort((a, b) => a.date.localeCompare(b.date)) });
    setDay({ date: '', working: false, note: '' });
    setError(null);
  };
  const removeReason = (r: RatingReasonEntry) => () => onChange({ ...draft, badReasons: draft.badReasons.filter((x) => x !== r) });
  const removeDay = (o: CalendarOverride) => () => onChange({ ...draft, holidayOverrides: draft.holidayOverrides.filter((x) => x !== o) });

  return (
    <div className="city-reference" data-testid="cat-reference">
      {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ margin: '12px 0' }} data-testid="ref-error" />}
      <Card size="small" title={t('ref.reasons')} style={{ marginTop: 12 }}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Input
            placeholder={t('ref.code')}
            value={reason.code}
            onChange={(e) => setReason({ ...reason, code: e.target.value })}
            style={{ width: 100 }}
            data-testid="ref-reason-code"
          />
          <Input
            placeholder={t('ref.label')}
            value={reason.label}
            onChange={(e) => setReason({ ...reason, label: e.target.value })}
            style={{ width: 260 }}
            data-testid="ref-reason-label"
          />
          <Select<Dimension>
            value={reason.dimension}
            onChange={(dimension) => setReason({ ...reason, dimension })}
            style={{ width: 120 }}
            options={(['efficiency', 'competence', 'attitude', 'other'] as const).map((d) => ({ value: d, label: t(`ref.dim.${d}`) }))}
          />
          <Button onClick={addReason} data-testid="ref-reason-add">
            {t('ref.add')}
          </Button>
        </Space>
        <Table<RatingReasonEntry>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={draft.badReasons}
          columns={[
            { title: t('ref.code'), dataIndex: 'code', width: 90 },
            { title: t('ref.label'), dataIndex: 'label' },
            { title: t('ref.dimension'), width: 110, render: (_, r) => t(`ref.dim.${r.dimension}`) },
            {
              title: '',
              width: 70,
              render: (_, r) => (
                <Button size="small" danger type="link" onClick={removeReason(r)}>
                  {t('cat.remove')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('ref.days')} style={{ marginTop: 12 }}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Input
            placeholder="YYYY-MM-DD"
            value={day.date}
            onChange={(e) => setDay({ ...day, date: e.target.value })}
            style={{ width: 130 }}
            data-testid="ref-day-date"
          />
          <Select<'off' | 'working'>
            value={day.working ? 'working' : 'off'}
            onChange={(k) => setDay({ ...day, working: k === 'working' })}
            style={{ width: 110 }}
            options={[
              { value: 'off', label: t('ref.off') },
              { value: 'working', label: t('ref.working') },
            ]}
          />
          <Input
            placeholder={t('ref.note')}
            value={day.note}
            onChange={(e) => setDay({ ...day, note: e.target.value })}
            style={{ width: 220 }}
            data-testid="ref-day-note"
          />
          <Button onClick={addDay} data-testid="ref-day-add">
            {t('ref.add')}
          </Button>
        </Space>
        <Table<CalendarOverride>
          rowKey="date"
          size="small"
          pagination={false}
          dataSource={draft.holidayOverrides}
          columns={[
            { title: t('ref.date'), dataIndex: 'date', width: 130 },
            { title: t('ref.kind'), width: 100, render: (_, o) => (o.working ? t('ref.working') : t('ref.off')) },
            { title: t('ref.note'), dataIndex: 'note' },
            {
              title: '',
              width: 70,
              render: (_, o) => (
                <Button size="small" danger type="link" onClick={removeDay(o)}>
                  {t('cat.remove')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
