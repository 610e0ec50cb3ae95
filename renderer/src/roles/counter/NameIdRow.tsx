// A typed name + ID number pair (manual intake when the reader fails, or a 代理人): one row, the
// ID number upper-cased as typed (the check letter X).
import { Col, Input, Row } from 'antd';

export interface NameId {
  name: string;
  idNumber: string;
}

export function NameIdRow({
  value,
  onChange,
  namePlaceholder,
  idPlaceholder,
}: {
  value: NameId;
  onChange: (v: NameId) => void;
  namePlaceholder: string;
  idPlaceholder: string;
}) {
  return (
    <Row gutter={8} style={{ marginTop: 8 }}>
      <Col span={8}>
        <Input placeholder={namePlaceholder} value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </Col>
      <Col span={16}>
        <Input
          placeholder={idPlaceholder}
          value={value.idNumber}
          maxLength={18}
          onChange={(e) => onChange({ ...value, idNumber: e.target.value.toUpperCase() })}
        />
      </Col>
    </Row>
  );
}
