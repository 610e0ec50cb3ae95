// Drag a category onto a window to let it serve that category (from the palette, or from another
// window to move it); change the weight in place; × removes it. Each change is one
// PUT /api/windows/:no/assignment, effective from that window's next call and pushed live.
import { useState } from 'react';
import { InputNumber, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueSnapshot, WindowView } from '../../../../domain/api/hall';
import { errText, managerApi } from './managerApi';
import { STATUS_COLOR } from './LiveBoard';

interface DragItem {
  category: string;
  fromWindow: number | null;
  weight: number;
}
const MIME = 'application/x-hall-category';

export function AssignmentBoard({ snap, onError, onDone }: { snap: QueueSnapshot; onError: (m: string) => void; onDone: () => void }) {
  const { t } = useTranslation('manager');
  const [over, setOver] = useState<number | null>(null);

  const save = async (no: number, categories: { category: string; weight: number }[]) => {
    try {
      await managerApi.assign(no, categories);
      onDone();
    } catch (e) {
      onError(errText(e));
    }
  };

  const drop = async (target: WindowView, item: DragItem) => {
    setOver(null);
    if (item.fromWindow === target.no) return;
    if (!target.categories.some((c) => c.category === item.category)) {
      await save(target.no, [...target.categories, { category: item.category, weight: item.weight }]);
    }
    if (item.fromWindow !== null) {
      const src = snap.windows.find((w) => w.no === item.fromWindow);
      if (src)
        await save(
          src.no,
          src.categories.filter((c) => c.category !== item.category),
        );
    }
  };

  const dragStart = (item: DragItem) => (e: React.DragEvent) => {
    e.dataTransfer.setData(MIME, JSON.stringify(item));
    e.dataTransfer.effectAllowed = 'copyMove';
  };

  const catName = (code: string) => snap.categories.find((c) => c.code === code)?.name ?? code;

  return (
    <div data-testid="manager-assign">
      <div className="mgr-palette">
        <span className="mgr-note">{t('assign.hint')}</span>
        {snap.categories.map((c) => (
          <span
            key={c.code}
            className="mgr-chip palette"
            draggable
            onDragStart={dragStart({ category: c.code, fromWindow: null, weight: 1 })}
            data-testid={`palette-${c.code}`}
          >
            {c.code} {c.name} <small>{t('assign.waiting', { n: c.waiting })}</small>
          </span>
        ))}
      </div>
      <div className="mgr-assign-grid">
        {snap.windows.map((w) => (
          <div
            key={w.no}
            className={`mgr-assign-win${over === w.no ? ' over' : ''}`}
            data-testid={`assign-win-${w.no}`}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(MIME)) {
                e.preventDefault();
                setOver(w.no);
              }
            }}
            onDragLeave={() => setOver((o) => (o === w.no ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              const raw = e.dataTransfer.getData(MIME);
              if (raw) void drop(w, JSON.parse(raw) as DragItem);
            }}
          >
            <div className="head">
              <b>
                {w.no} {w.name !== `${w.no}号窗口` ? w.name : t('assign.window')}
              </b>
              <Tag color={STATUS_COLOR[w.status]}>{t(`status.${w.status}`)}</Tag>
              <span className="mgr-note">{w.clerk?.name ?? ''}</span>
            </div>
            <div className="chips">
              {w.categories.length === 0 && <span className="mgr-note">{t('assign.empty')}</span>}
              {w.categories.map((c) => (
                <span key={c.category} className="mgr-chip" data-testid={`assign-${w.no}-${c.category}`}>
                  <span
                    className="grip"
                    draggable
                    onDragStart={dragStart({ category: c.category, fromWindow: w.no, weight: c.weight })}
                    data-testid={`drag-${w.no}-${c.category}`}
                  >
                    ⠿ {c.category} {catName(c.category)}
                  </span>
                  <InputNumber
                    size="small"
                    min={0}
                    max={100}
                    value={c.weight}
                    style={{ width: 64 }}
                    aria-label={t('assign.weight')}
                    onChange={(v) => {
                      if (typeof v === 'number' && v !== c.weight)
                        void save(
                          w.no,
                          w.categories.map((x) => (x.category === c.category ? { ...x, weight: v } : x)),
                        );
                    }}
                  />
                  <button
                    className="x"
                    aria-label={t('assign.remove')}
                    onClick={() =>
                      void save(
                        w.no,
                        w.categories.filter((x) => x.category !== c.category),
                      )
                    }
                  >
                    ×
                  </button>
                </span>
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
