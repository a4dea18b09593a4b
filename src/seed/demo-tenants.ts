/** The demo tenants named in the README: two partners, two resellers, the provider, 24 customers. */

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_PARTNERS = {
  contoso: { id: '6a1f3c52-8d2b-4e57-9a0c-1b2c3d4e5f60', name: 'Contoso Cloud Korea', type: 'DirectBill', currency: 'KRW', country: 'KR', domain: 'contoso-kr.example' },
  fabrikam: { id: '7b2e4d63-9e3c-4f68-8b1d-2c3d4e5f6071', name: 'Fabrikam Distribution', type: 'IndirectProvider', currency: 'USD', country: 'US', domain: 'fabrikam-dist.example' },
  northwind: { id: '8c3f5e74-af4d-4079-9c2e-3d4e5f607182', name: 'Northwind Reseller', type: 'IndirectReseller', currency: 'USD', country: 'US', domain: 'northwind-reseller.example' },
  tailspin: { id: '9d406f85-b05e-418a-8d3f-4e5f60718293', name: 'Tailspin Reseller', type: 'IndirectReseller', currency: 'USD', country: 'US', domain: 'tailspin-reseller.example' },
} as const;

export interface DemoUser {
  email: string;
  name: string;
  tenant: 'provider' | 'partner';
  partner?: keyof typeof DEMO_PARTNERS;
  roles: string[];
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'global.admin@contoso-kr.example', name: '김지은 (Global admin)', tenant: 'partner', partner: 'contoso', roles: ['GlobalAdmin'] },
  { email: 'admin.agent@contoso-kr.example', name: '이민호 (Admin agent)', tenant: 'partner', partner: 'contoso', roles: ['AdminAgent'] },
  { email: 'sales.agent@contoso-kr.example', name: '박서준 (Sales agent)', tenant: 'partner', partner: 'contoso', roles: ['SalesAgent'] },
  { email: 'helpdesk.agent@contoso-kr.example', name: '최유나 (Helpdesk agent)', tenant: 'partner', partner: 'contoso', roles: ['HelpdeskAgent'] },
  { email: 'user.admin@contoso-kr.example', name: '정하늘 (User management admin)', tenant: 'partner', partner: 'contoso', roles: ['UserManagementAdmin'] },
  { email: 'billing.admin@contoso-kr.example', name: '한도윤 (Billing admin)', tenant: 'partner', partner: 'contoso', roles: ['BillingAdmin'] },
  { email: 'admin.agent@fabrikam-dist.example', name: 'Dana Fisher (Admin agent)', tenant: 'partner', partner: 'fabrikam', roles: ['AdminAgent'] },
  { email: 'admin@northwind-reseller.example', name: 'Nina Park (Reseller admin)', tenant: 'partner', partner: 'northwind', roles: ['AdminAgent'] },
  { email: 'admin@tailspin-reseller.example', name: 'Tom Lee (Reseller admin)', tenant: 'partner', partner: 'tailspin', roles: ['AdminAgent'] },
  { email: 'support@provider.example', name: 'Provider support desk', tenant: 'provider', roles: ['SupportEngineer'] },
  { email: 'operator@provider.example', name: 'Provider operator', tenant: 'provider', roles: ['ProviderAdmin'] },
];

export interface DemoCustomer {
  name: string;
  domain: string;
  country: string;
  partner: 'contoso' | 'fabrikam';
  reseller?: 'northwind' | 'tailspin';
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { name: '한빛제조', domain: 'hanbit-mfg.example', country: 'KR', partner: 'contoso' },
  { name: '서울물류', domain: 'seoul-logistics.example', country: 'KR', partner: 'contoso' },
  { name: '청솔바이오', domain: 'cheongsol-bio.example', country: 'KR', partner: 'contoso' },
  { name: '누리게임즈', domain: 'nuri-games.example', country: 'KR', partner: 'contoso' },
  { name: '다온핀테크', domain: 'daon-fintech.example', country: 'KR', partner: 'contoso' },
  { name: '바다해운', domain: 'bada-shipping.example', country: 'KR', partner: 'contoso' },
  { name: '별빛미디어', domain: 'byeolbit-media.example', country: 'KR', partner: 'contoso' },
  { name: '솔향식품', domain: 'solhyang-foods.example', country: 'KR', partner: 'contoso' },
  { name: '온새미로교육', domain: 'onsaemiro-edu.example', country: 'KR', partner: 'contoso' },
  { name: '가람건설', domain: 'garam-construction.example', country: 'KR', partner: 'contoso' },
  { name: '푸른숲에너지', domain: 'pureunsup-energy.example', country: 'KR', partner: 'contoso' },
  { name: '하늘항공', domain: 'haneul-air.example', country: 'KR', partner: 'contoso' },
  { name: 'Adventure Works', domain: 'adventure-works.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: 'Alpine Ski House', domain: 'alpineskihouse.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: 'Coho Winery', domain: 'cohowinery.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: 'Litware Inc.', domain: 'litware.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: 'Lucerne Publishing', domain: 'lucernepublishing.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: "Margie's Travel", domain: 'margiestravel.example', country: 'US', partner: 'fabrikam', reseller: 'northwind' },
  { name: 'Proseware', domain: 'proseware.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
  { name: 'Relecloud', domain: 'relecloud.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
  { name: 'Trey Research', domain: 'treyresearch.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
  { name: 'Wide World Importers', domain: 'wideworldimporters.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
  { name: 'Woodgrove Bank', domain: 'woodgrovebank.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
  { name: 'Fourth Coffee', domain: 'fourthcoffee.example', country: 'US', partner: 'fabrikam', reseller: 'tailspin' },
];
