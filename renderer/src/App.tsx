// One renderer, six roles chosen by the hash route: #/counter, #/pad, #/kiosk, #/display,
// #/manager, #/city (served by the city central). antd follows the UI language (zh-CN first).
import { lazy, Suspense } from 'react';
import { ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { useHashRoute } from './hooks/useHashRoute';
import { RoleChooser } from './components/RoleChooser';

const CounterPage = lazy(() => import('./roles/counter/CounterPage'));
const PadPage = lazy(() => import('./roles/pad/PadPage'));
const KioskPage = lazy(() => import('./roles/kiosk/KioskPage'));
const DisplayPage = lazy(() => import('./roles/display/DisplayPage'));
const ManagerPage = lazy(() => import('./roles/manager/ManagerPage'));
const CityPage = lazy(() => import('./roles/city/CityPage'));

const pages: Record<string, React.ComponentType> = {
  counter: CounterPage,
  pad: PadPage,
  kiosk: KioskPage,
  display: DisplayPage,
  manager: ManagerPage,
  city: CityPage,
};

export function App() {
  const { i18n } = useTranslation();
  const route = useHashRoute();
  const Page = pages[route.role];
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1458b8', fontSize: 16, borderRadius: 6 } }}>
      <Suspense fallback={<Spin size="large" style={{ margin: '20vh auto', display: 'block' }} />}>{Page ? <Page /> : <RoleChooser />}</Suspense>
    </ConfigProvider>
  );
}
