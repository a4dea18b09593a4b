import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BILLING_PLANS,
  RESERVED_RESOURCE_TYPES,
  TERMS,
  assertOffered,
  billingPlansFor,
  parseBillingPlan,
  parseResourceType,
  parseTerm,
  termMonths,
  termYears,
  typeRules,
  type ReservedResourceType,
} from '../../src/domain/catalog.ts';

const NO_MONTHLY: ReservedResourceType[] = ['Databricks', 'SuseLinux', 'RedHat', 'SynapseAnalytics'];
const ALL_TERMS = [...TERMS];

describe('term helpers', () => {
  test('years and months of each term', () => {
    assert.deepEqual(TERMS.map(termYears), [1, 3, 5]);
    assert.deepEqual(TERMS.map(termMonths), [12, 36, 60]);
  });
});

describe('parseResourceType', () => {
  test('matches the enum name in any case', () => {
    assert.equal(parseResourceType('VirtualMachines'), 'VirtualMachines');
    assert.equal(parseResourceType('virtualmachines'), 'VirtualMachines');
    assert.equal(parseResourceType('VIRTUALMACHINES'), 'VirtualMachines');
    assert.equal(parseResourceType('sqldatabases'), 'SqlDatabases');
  });

  test('matches Azure catalog spellings too', () => {
    assert.equal(parseResourceType('virtualMachines'), 'VirtualMachines');
    assert.equal(parseResourceType('blockBlob'), 'BlobStorage');
    assert.equal(parseResourceType('BLOCKBLOB'), 'BlobStorage');
    assert.equal(parseResourceType('cosmosDb'), 'CosmosDb');
  });

  test('every type parses from its own name and its catalog name', () => {
    for (const t of RESERVED_RESOURCE_TYPES) {
      assert.equal(parseResourceType(t), t);
      assert.equal(parseResourceType(t.toLowerCase()), t);
      assert.equal(parseResourceType(typeRules(t).catalogName), t);
    }
  });

  test('refuses an unknown type with InvalidReservedResourceType', () => {
    assert.throws(() => parseResourceType('Quantum'), { name: 'DomainError', status: 400, code: 'InvalidReservedResourceType', target: 'reservedResourceType' });
    assert.throws(() => parseResourceType(''), { code: 'InvalidReservedResourceType' });
    assert.throws(() => parseResourceType('virtual machines'), { code: 'InvalidReservedResourceType' });
    assert.throws(() => parseResourceType('x', 'properties.reservedResourceType'), { target: 'properties.reservedResourceType' });
  });
});

describe('parseTerm and parseBillingPlan', () => {
  test('terms parse case-insensitively to the canonical spelling', () => {
    assert.equal(parseTerm('P1Y'), 'P1Y');
    assert.equal(parseTerm('p3y'), 'P3Y');
    assert.equal(parseTerm('p5Y'), 'P5Y');
  });

  test('unknown terms are refused with InvalidTerm', () => {
    for (const bad of ['P2Y', '1Y', 'P12M', '', ' P1Y']) {
      assert.throws(() => parseTerm(bad), { name: 'DomainError', status: 400, code: 'InvalidTerm', target: 'term' }, `accepted ${JSON.stringify(bad)}`);
    }
    assert.throws(() => parseTerm('P2Y', 'properties.term'), { target: 'properties.term' });
  });

  test('billing plans parse case-insensitively to the canonical spelling', () => {
    assert.equal(parseBillingPlan('Upfront'), 'Upfront');
    assert.equal(parseBillingPlan('upfront'), 'Upfront');
    assert.equal(parseBillingPlan('MONTHLY'), 'Monthly');
  });

  test('unknown billing plans are refused with InvalidBillingPlan', () => {
    for (const bad of ['Yearly', 'up-front', '']) {
      assert.throws(() => parseBillingPlan(bad), { name: 'DomainError', status: 400, code: 'InvalidBillingPlan', target: 'billingPlan' });
    }
  });
});

describe('billingPlansFor', () => {
  test('no monthly plan for Databricks, Synapse, SUSE and Red Hat', () => {
    for (const t of NO_MONTHLY) assert.deepEqual(billingPlansFor(t), ['Upfront'], t);
  });

  test('both plans for every other type', () => {
    for (const t of RESERVED_RESOURCE_TYPES.filter((x) => !NO_MONTHLY.includes(x))) {
      assert.deepEqual(billingPlansFor(t), [...BILLING_PLANS], t);
    }
  });
});

describe('assertOffered', () => {
  test('refuses Monthly for Databricks, SuseLinux, RedHat and SynapseAnalytics', () => {
    for (const t of NO_MONTHLY) {
      for (const term of ['P1Y', 'P3Y'] as const) {
        assert.throws(
          () => assertOffered(t, term, 'Monthly', ALL_TERMS),
          { name: 'DomainError', status: 400, code: 'BillingPlanNotSupported', target: 'billingPlan', message: new RegExp(`not offered for ${t}`) },
        );
        assert.doesNotThrow(() => assertOffered(t, term, 'Upfront', ALL_TERMS));
      }
    }
  });

  test('Monthly is fine for virtual machines and SQL', () => {
    assert.doesNotThrow(() => assertOffered('VirtualMachines', 'P3Y', 'Monthly', ALL_TERMS));
    assert.doesNotThrow(() => assertOffered('SqlDatabases', 'P1Y', 'Monthly', ALL_TERMS));
  });

  test('refuses P5Y for SqlDatabases even when the SKU lists it', () => {
    for (const plan of BILLING_PLANS) {
      assert.throws(
        () => assertOffered('SqlDatabases', 'P5Y', plan, ALL_TERMS),
        { name: 'DomainError', code: 'InvalidTerm', target: 'term', message: /SqlDatabases is not offered for P5Y; offered terms: P1Y, P3Y$/ },
      );
    }
  });

  test('P5Y is offered for virtual machines, dedicated hosts and AVS only', () => {
    for (const t of RESERVED_RESOURCE_TYPES) {
      const fiveYears = ['VirtualMachines', 'DedicatedHost', 'AVS'].includes(t);
      if (fiveYears) assert.doesNotThrow(() => assertOffered(t, 'P5Y', 'Upfront', ALL_TERMS), t);
      else assert.throws(() => assertOffered(t, 'P5Y', 'Upfront', ALL_TERMS), { code: 'InvalidTerm' }, t);
    }
  });

  test('the SKU\'s own terms narrow the type\'s terms', () => {
    assert.throws(() => assertOffered('VirtualMachines', 'P5Y', 'Upfront', ['P1Y', 'P3Y']), {
      code: 'InvalidTerm', message: /offered terms: P1Y, P3Y$/,
    });
    assert.throws(() => assertOffered('VirtualMachines', 'P1Y', 'Upfront', ['P3Y']), { code: 'InvalidTerm' });
    assert.doesNotThrow(() => assertOffered('VirtualMachines', 'P3Y', 'Upfront', ['P3Y']));
  });

  test('an unoffered term is reported before an unoffered plan', () => {
    assert.throws(() => assertOffered('Databricks', 'P5Y', 'Monthly', ALL_TERMS), { code: 'InvalidTerm' });
  });
});

describe('typeRules: exchange groups (rules §4)', () => {
  test('compute types exchange together, SQL types together, everything else alone', () => {
    const group = (t: ReservedResourceType) => typeRules(t).exchangeGroup;
    assert.equal(group('VirtualMachines'), group('DedicatedHost'));
    assert.equal(group('VirtualMachines'), group('AVS'));
    assert.equal(group('SqlDatabases'), group('SqlManagedInstance'));
    assert.equal(group('SqlDatabases'), group('SqlElasticPool'));
    assert.notEqual(group('CosmosDb'), group('SqlDatabases'));
    assert.notEqual(group('VirtualMachines'), group('SqlDatabases'));
    const grouped = new Set<ReservedResourceType>(['VirtualMachines', 'DedicatedHost', 'AVS', 'SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool']);
    const others = RESERVED_RESOURCE_TYPES.filter((t) => !grouped.has(t));
    const otherGroups = others.map(group);
    assert.equal(new Set(otherGroups).size, others.length, 'every other type is alone in its group');
    for (const g of otherGroups) assert.ok(g !== group('VirtualMachines') && g !== group('SqlDatabases'));
  });
});
