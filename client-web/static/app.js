/* Solidarity Directory - progressive enhancement only: every page works without it.
** - The quick-exit link leaves with location.replace(), so this page does not stay in
**   the tab's back-button history.
** - "Use my device location" asks the browser for the position and puts it in the
**   near= field rounded to two decimals (about 1 km): nothing more precise ever leaves
**   the device, and only when the visitor submits the form.
** - "Copy the text" copies a referral sheet's text-message version.
** No storage, no network requests of its own. */
(function () {
	'use strict';

	function leave(event) {
		if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
			return;
		event.preventDefault();
		window.location.replace(this.href);
	}

	function each(selector, fn) {
		var found = document.querySelectorAll(selector);
		for (var i = 0; i < found.length; i++)
			fn(found[i]);
	}

	function rounded(x) {
		return (Math.round(x * 100) / 100).toFixed(2);
	}

	function locate(button) {
		var field = document.getElementById(button.getAttribute('data-field'));
		var status = document.getElementById(button.getAttribute('data-status'));
		if (!field || !navigator.geolocation)
			return;
		button.hidden = false;
		button.addEventListener('click', function () {
			status.textContent = button.getAttribute('data-wait');
			navigator.geolocation.getCurrentPosition(function (pos) {
				field.value = rounded(pos.coords.latitude) + ',' + rounded(pos.coords.longitude);
				status.textContent = button.getAttribute('data-done');
				field.focus();
			}, function () {
				status.textContent = button.getAttribute('data-error');
			}, { enableHighAccuracy: false, maximumAge: 600000, timeout: 20000 });
		});
	}

	function copier(button) {
		var source = document.getElementById(button.getAttribute('data-copy'));
		var status = button.parentNode.querySelector('.copy-done');
		if (!source)
			return;
		button.hidden = false;
		button.addEventListener('click', function () {
			source.focus();
			source.select();
			var done = function () { status.textContent = button.getAttribute('data-done'); };
			if (navigator.clipboard && navigator.clipboard.writeText)
				navigator.clipboard.writeText(source.value).then(done, function () {
					if (document.execCommand('copy'))
						done();
				});
			else if (document.execCommand('copy'))
				done();
		});
	}

	each('a.quick-exit', function (link) { link.addEventListener('click', leave); });
	each('button.locate', locate);
	each('button.copy-button', copier);
}());
