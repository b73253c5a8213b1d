'use strict';
// The home page answers "whom do I call?": every first-report contact of
// contacts.yaml, with a phone link and a mail link a thumb can hit.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { contacts } = require('../lib/site');
const { PHONE } = require('../lib/config');

const site = useSite();

/** Minimum touch target (WCAG 2.2 target size, minimum: 24 × 24 CSS px). */
const MIN_TARGET_PX = 24;

const digits = (text) => String(text).replace(/\D/g, '');

/** tel: numbers may be written national (03...) or international (+81 3...). */
function samePhone(href, phone) {
  const got = digits(decodeURIComponent(href.replace(/^tel:/i, '')));
  const want = digits(phone);
  return got === want || (want.startsWith('0') && got === `81${want.slice(1)}`);
}

function firstReportContacts() {
  const internal = contacts().internal || [];
  const people = internal.filter((c) => c.first_report === true);
  assert.ok(people.length > 0, 'the example content marks no contact with first_report: true');
  return people;
}

for (const mode of MODES) {
  test(`home page shows the first-report contacts with tel: and mailto: links (${mode})`, async () => {
    const opened = await site.open(mode, 'index.html', { viewport: PHONE });
    try {
      const { page } = opened;
      const links = await page.$$eval('a[href^="tel:"], a[href^="mailto:"]', (as) =>
        as.map((a) => {
          const r = a.getBoundingClientRect();
          return {
            href: a.getAttribute('href'),
            text: a.textContent.trim(),
            width: r.width,
            height: r.height,
            visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden',
          };
        }),
      );
      const body = await page.locator('main').innerText();
      for (const person of firstReportContacts()) {
        assert.ok(body.includes(person.name), `home page does not name ${person.name} (${person.role})`);
        const tel = links.find((l) => /^tel:/i.test(l.href) && samePhone(l.href, person.phone));
        assert.ok(tel, `no tel: link for ${person.name} (${person.phone}); links: ${JSON.stringify(links.map((l) => l.href))}`);
        const mail = links.find((l) => l.href.toLowerCase() === `mailto:${person.email}`.toLowerCase());
        assert.ok(mail, `no mailto: link for ${person.name} (${person.email})`);
        for (const link of [tel, mail]) {
          assert.ok(link.visible, `${link.href} is not visible`);
          assert.ok(
            link.height >= MIN_TARGET_PX && link.width >= MIN_TARGET_PX,
            `${link.href} is ${link.width.toFixed(0)}×${link.height.toFixed(0)} px on a phone, under ${MIN_TARGET_PX} px`,
          );
          // A trial click runs Playwright's actionability checks (visible,
          // stable, not covered by another element) without leaving the page.
          await page.locator(`a[href="${link.href}"]`).first().click({ trial: true, timeout: 5000 });
        }
      }
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
