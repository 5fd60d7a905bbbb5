import { describeAnnouncerContract } from '../../contract/announcer.contract.ts';
import { createFakeAnnouncer } from '../../fakes/announcer.ts';

describeAnnouncerContract('in-memory fake', () => {
  const fake = createFakeAnnouncer();
  return {
    announcer: fake.announcer,
    received: () => fake.received.map((a) => ({ key: a.id })),
    behave: fake.behave,
    secrets: [],
    carriesKey: true,
  };
});
