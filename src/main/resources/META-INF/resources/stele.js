// Copy buttons: progressive enhancement; everything is readable and selectable without JavaScript.
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button || !navigator.clipboard) return;
  var text = button.dataset.copy;
  if (!text && button.dataset.copyFrom) text = document.getElementById(button.dataset.copyFrom).textContent;
  navigator.clipboard.writeText(text).then(function () {
    var label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(function () { button.textContent = label; }, 1500);
  });
});
