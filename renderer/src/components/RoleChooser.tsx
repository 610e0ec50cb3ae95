import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const ROLES = ['counter', 'pad', 'kiosk', 'display', 'manager'] as const;

export function RoleChooser() {
  const { t } = useTranslation();
  return (
    <Card style={{ maxWidth: 520, margin: '15vh auto' }}>
      <Typography.Title level={3}>{t('appName')}</Typography.Title>
      <Space wrap>
        {ROLES.map((r) => (
          <Button key={r} size="large" href={`#/${r}`}>
            {t(`roles.${r}`)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}
