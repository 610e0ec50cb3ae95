// 排班 (issue 16): the month's duty rota in one grid, windows × days. A cell holds A (who sits
// there), B (the backup) and the leader on duty; clicking it edits them, marks A's leave or swaps
// A and B. A day header sets 周末轮岗 (open a weekend day), closes a day, or adds 延时服务. Copy a
// week onto another; uncovered windows are warned about while editing (domain/rota/rules.ts).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Input, Modal, Radio, Select, Space, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText';
import { hallToday } from '../../../../domain/calendar/hallClock';
import { addCalendarDays, weekdayOf } from '../../../../domain/calendar/dates';
import { copyWeek, swapAB, uncoveredWindows, type RotaCell, type RotaDay, type RotaLeave } from '../../../../domain/rota/rules';
import type { RotaMonthView } from '../../../../domain/api/rota';
import { hallZone } from '../../hooks/hallZone';
import { rotaApi } from './rotaApi';

interface Draft {
  cells: RotaCell[];
  days: RotaDay[];
  leave: RotaLeave[];
}
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const shiftMonth = (m: string, by: number) => {
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const mondayOf = (d: string) => addCalendarDays(d, -((weekdayOf(d) + 6) % 7));

export function RotaPanel({ onError }: { onError: (m: string) => void }) {
  const { t } = useTranslation('manager');
  const zone = hallZone();
  const [month, setMonth] = useState(() => hallToday(zone).slice(0, 7));
  const [view, setView] = useState<RotaMonthView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [cellAt, setCellAt] = useState<{ date: string; windowNo: number } | null>(null);
  const [dayAt, setDayAt] = useState<string | null>(null);
  const [copyFrom, setCopyFrom] = useState<string | null>(null);
  const [copyTo, setCopyTo] = useState<string | null>(null);

  const load = useCallback(
    async (m: string) => {
      try {
        const v = await rotaApi.month(m);
        setView(v);
        setDraft({ cells: v.cells, days: v.days, leave: v.leave });
        setDirty(false);
      } catch (e) {
        onError(errorText(e));
      }
    },
    [onError],
  );
  useEffect(() => void load(month), [load, month]);

  const working = useMemo(() => new Map((view?.calendar ?? []).map((d) => [d.date, d.working])), [view]);
  const env = useMemo(() => ({ calendar: { isWorkingDay: (d: string) => working.get(d) ?? false }, zone }), [working, zone]);
  const data = useMemo(() => (draft ? { hours: view?.hours ?? null, ...draft } : null), [draft, view]);
  const gaps = useMemo(
    () =>
      data && view
        ? uncoveredWindows(
            data,
            env,
            month,
            view.windows.map((w) => w.no),
          )
        : [],
    [data, env, month, view],
  );
  if (!view || !draft || !data) return null;

  const names = new Map(view.staff.map((s) => [s.workNo, s.name]));
  const staffOptions = view.staff.map((s) => ({ value: s.workNo, label: `${s.workNo} ${s.name}` }));
  const dates = view.calendar.map((d) => d.date);
  const mondays = [...new Set(dates.map(mondayOf))];
  const dayOf = (date: string): RotaDay => draft.days.find((d) => d.date === date) ?? { date, open: null, lunch: false, until: null };
  const opens = (date: string) => dayOf(date).open ?? working.get(date) ?? false;
  const cellOf = (date: string, windowNo: number): RotaCell =>
    draft.cells.find((c) => c.date === date && c.windowNo === windowNo) ?? { date, windowNo, a: null, b: null, leader: null };
  const onLeave = (w: string | null, date: string) => w != null && draft.leave.some((l) => l.workNo === w && l.date === date);
  const gapAt = (date: string, windowNo: number) => gaps.find((g) => g.date === date && g.windowNo === windowNo);

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setDirty(true);
  };
  const putCell = (c: RotaCell) => {
    const rest = draft.cells.filter((x) => !(x.date === c.date && x.windowNo === c.windowNo));
    change({ cells: c.a || c.b || c.leader ? [...rest, c] : rest });
  };
  const putDay = (d: RotaDay) => change({ days: [...draft.days.filter((x) => x.date !== d.date), d] });
  const setLeave = (workNo: string, date: string, on: boolean) =>
    change({
      leave: on
        ? [...draft.leave.filter((l) => !(l.workNo === workNo && l.date === date)), { workNo, date }]
        : draft.leave.filter((l) => !(l.workNo === workNo && l.date === date)),
    });

  const save = async () => {
    setSaving(true);
    try {
      const v = await rotaApi.save(month, { requestId: crypto.randomUUID(), ...draft });
      setView(v);
      setDraft({ cells: v.cells, days: v.days, leave: v.leave });
      setDirty(false);
      void message.success(t('rota.saved'));
    } catch (e) {
      onError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const editing = cellAt ? cellOf(cellAt.date, cellAt.windowNo) : null;
  const editingDay = dayAt ? dayOf(dayAt) : null;
  const reason = (r: string) => t(`rota.gap.${r}`);

  return (
    <div data-testid="rota-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        <Space.Compact>
          <Button onClick={() => setMonth(shiftMonth(month, -1))} data-testid="rota-prev">
            ‹
          </Button>
          <Button data-testid="rota-month">{month}</Button>
          <Button onClick={() => setMonth(shiftMonth(month, 1))} data-testid="rota-next">
            ›
          </Button>
        </Space.Compact>
        <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="rota-save">
          {t('rota.save')}
        </Button>
        {dirty && <Tag color="orange">{t('rota.unsaved')}</Tag>}
        {!view.configured && <Tag>{t('rota.notConfigured')}</Tag>}
        <Select
          placeholder={t('rota.copyFrom')}
          style={{ width: 150 }}
          value={copyFrom}
          onChange={setCopyFrom}
          options={mondays.map((m) => ({ value: m, label: t('rota.weekOf', { date: m.slice(5) }) }))}
          data-testid="rota-copy-from"
        />
        <Select
          placeholder={t('rota.copyTo')}
          style={{ width: 150 }}
          value={copyTo}
          onChange={setCopyTo}
          options={mondays.map((m) => ({ value: m, label: t('rota.weekOf', { date: m.slice(5) }) }))}
          data-testid="rota-copy-to"
        />
        <Button
          disabled={!copyFrom || !copyTo || copyFrom === copyTo}
          onClick={() => change({ cells: copyWeek(draft.cells, copyFrom!, copyTo!, month) })}
          data-testid="rota-copy"
        >
          {t('rota.copyWeek')}
        </Button>
        <Typography.Text type="secondary">
          {view.hours
            ? t('rota.hours', { ...view.hours, lunch: view.hours.lunchStart ? `${view.hours.lunchStart}–${view.hours.lunchEnd}` : '—' })
            : t('rota.noHours')}
        </Typography.Text>
      </Space>
      {gaps.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rota-gaps"
          message={t('rota.gaps', { n: gaps.length })}
          description={gaps
            .slice(0, 6)
            .map((g) => t('rota.gapLine', { date: g.date.slice(5), no: g.windowNo, reason: reason(g.reason) }))
            .join('；')}
        />
      )}
      <div className="rota-grid-wrap">
        <table className="rota-grid">
          <thead>
            <tr>
              <th className="rota-corner">{t('rota.window')}</th>
              {dates.map((d) => {
                const cal = view.calendar.find((c) => c.date === d)!;
                const day = dayOf(d);
                const ext = [day.lunch ? t('rota.lunchShort') : null, day.until ? `→${day.until}` : null].filter(Boolean).join(' ');
                return (
                  <th
                    key={d}
                    className={`rota-day ${opens(d) ? '' : 'rota-closed'} ${day.open === true && !cal.working ? 'rota-weekend-open' : ''}`}
                    title={cal.name ?? undefined}
                    onClick={() => setDayAt(d)}
                    data-testid={`rota-day-${d}`}
                  >
                    <div>{Number(d.slice(8))}</div>
                    <div className="rota-wd">{WEEKDAY[weekdayOf(d)]}</div>
                    {cal.name && <div className="rota-holiday">{cal.name.replace('调休上班', '班')}</div>}
                    {ext && <div className="rota-ext">{ext}</div>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {view.windows.map((w) => (
              <tr key={w.no}>
                <th className="rota-window">
                  <div>{w.name}</div>
                  {w.problemDesk && (
                    <Tag color="purple" style={{ marginInlineEnd: 0 }}>
                      {t('rota.problemDesk')}
                    </Tag>
                  )}
                  <Button
                    size="small"
                    type="link"
                    onClick={() => change({ cells: swapAB(draft.cells, (c) => c.windowNo === w.no) })}
                    data-testid={`rota-swap-${w.no}`}
                  >
                    {t('rota.swapMonth')}
                  </Button>
                </th>
                {dates.map((d) => {
                  const c = cellOf(d, w.no);
                  const gap = opens(d) ? gapAt(d, w.no) : undefined;
                  return (
                    <td
                      key={d}
                      className={`rota-cell ${opens(d) ? '' : 'rota-closed'} ${gap ? 'rota-gap' : ''}`}
                      onClick={() => setCellAt({ date: d, windowNo: w.no })}
                      data-testid={`rota-cell-${w.no}-${d}`}
                      title={gap ? reason(gap.reason) : undefined}
                    >
                      {c.a && <div className={onLeave(c.a, d) ? 'rota-leave' : ''}>A {c.a}</div>}
                      {c.b && <div className={`rota-b ${onLeave(c.b, d) ? 'rota-leave' : ''}`}>B {c.b}</div>}
                      {c.leader && <div className="rota-leader">领 {c.leader}</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <Modal
        open={Boolean(editing)}
        title={editing ? t('rota.cellTitle', { date: editing.date, no: editing.windowNo }) : ''}
        onCancel={() => setCellAt(null)}
        onOk={() => setCellAt(null)}
        okText={t('rota.done')}
        destroyOnHidden
      >
        {editing && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="rota-cell-editor">
            {(['a', 'b', 'leader'] as const).map((role) => (
              <Space key={role} style={{ width: '100%' }}>
                <span style={{ display: 'inline-block', width: 64 }}>{t(`rota.role.${role}`)}</span>
                <Select
                  allowClear
                  showSearch
                  style={{ width: 220 }}
                  value={editing[role]}
                  options={staffOptions}
                  optionFilterProp="label"
                  onChange={(v: string | undefined) => putCell({ ...editing, [role]: v ?? null })}
                  data-testid={`rota-edit-${role}`}
                />
                {role !== 'leader' && editing[role] && (
                  <Checkbox
                    checked={onLeave(editing[role], editing.date)}
                    onChange={(e) => setLeave(editing[role]!, editing.date, e.target.checked)}
                    data-testid={`rota-leave-${role}`}
                  >
                    {t('rota.onLeave')}
                  </Checkbox>
                )}
              </Space>
            ))}
            <Button onClick={() => putCell({ ...editing, a: editing.b, b: editing.a })} data-testid="rota-swap-cell">
              {t('rota.swap')}
            </Button>
            <Typography.Text type="secondary">{[editing.a, editing.b].map((w) => (w ? `${w} ${names.get(w) ?? ''}` : '')).join(' / ')}</Typography.Text>
          </Space>
        )}
      </Modal>

      <Modal
        open={Boolean(editingDay)}
        title={editingDay ? t('rota.dayTitle', { date: editingDay.date }) : ''}
        onCancel={() => setDayAt(null)}
        onOk={() => setDayAt(null)}
        okText={t('rota.done')}
        destroyOnHidden
      >
        {editingDay && (
          <Space direction="vertical" data-testid="rota-day-editor">
            <Radio.Group
              value={editingDay.open == null ? 'calendar' : editingDay.open ? 'open' : 'closed'}
              onChange={(e) => putDay({ ...editingDay, open: e.target.value === 'calendar' ? null : e.target.value === 'open' })}
            >
              <Radio value="calendar">{t('rota.byCalendar', { what: working.get(editingDay.date) ? t('rota.workday') : t('rota.restday') })}</Radio>
              <Radio value="open" data-testid="rota-day-open">
                {t('rota.openDay')}
              </Radio>
              <Radio value="closed">{t('rota.closedDay')}</Radio>
            </Radio.Group>
            <Checkbox checked={editingDay.lunch} onChange={(e) => putDay({ ...editingDay, lunch: e.target.checked })} data-testid="rota-day-lunch">
              {t('rota.lunch')}
            </Checkbox>
            <Space>
              {t('rota.until')}
              <Input
                style={{ width: 100 }}
                placeholder="19:00"
                defaultValue={editingDay.until ?? ''}
                onBlur={(e) => putDay({ ...editingDay, until: /^\d{2}:\d{2}$/.test(e.target.value) ? e.target.value : null })}
                data-testid="rota-day-until"
              />
            </Space>
          </Space>
        )}
      </Modal>
    </div>
  );
}
