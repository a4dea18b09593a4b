import { Button } from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { EmptyState } from '../components/PageState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/index.tsx';

export function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('shell.notFound.title')} />
      <EmptyState title={t('shell.notFound.body')}
        action={<Button appearance="primary" onClick={() => navigate('/')}>{t('shell.notFound.home')}</Button>} />
    </>
  );
}
