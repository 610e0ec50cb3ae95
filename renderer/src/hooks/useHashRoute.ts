import { useEffect, useState } from 'react';

export interface HashRoute {
  role: string;
  params: URLSearchParams;
}

function parse(): HashRoute {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { role: path.split('/')[0] ?? '', params: new URLSearchParams(query) };
}

export function useHashRoute(): HashRoute {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
